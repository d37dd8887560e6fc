import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  decimateMesh,
  encodeStl,
  encodeVtp,
  extractSurface,
  meshBounds,
  smoothMesh,
  type Mesh,
  type VolumeGrid,
} from '../../src/volume/index.js';

/** A solid ball of radius r mm centred at c in a 0.5 mm grid with origin (10, 20, 30). */
function ball(r: number): VolumeGrid {
  const n = 40;
  const data = new Uint8Array(n * n * n);
  for (let z = 0; z < n; z++)
    for (let y = 0; y < n; y++)
      for (let x = 0; x < n; x++) {
        if (Math.hypot(x - 20, y - 20, z - 20) * 0.5 <= r) data[x + n * (y + n * z)] = 1;
      }
  return { dims: [n, n, n], spacing: [0.5, 0.5, 0.5], origin: [10, 20, 30], data };
}

function edgeUse(m: Mesh): Map<string, number> {
  const uses = new Map<string, number>();
  for (let t = 0; t < m.triangles.length; t += 3) {
    for (let k = 0; k < 3; k++) {
      const a = m.triangles[t + k]!,
        b = m.triangles[t + ((k + 1) % 3)]!;
      const key = a < b ? `${a},${b}` : `${b},${a}`;
      uses.set(key, (uses.get(key) ?? 0) + 1);
    }
  }
  return uses;
}

/** Signed volume by the divergence theorem: positive when normals point outwards. */
function signedVolume(m: Mesh): number {
  let v = 0;
  const p = m.points;
  for (let t = 0; t < m.triangles.length; t += 3) {
    const [a, b, c] = [m.triangles[t]! * 3, m.triangles[t + 1]! * 3, m.triangles[t + 2]! * 3];
    v +=
      (p[a]! * (p[b + 1]! * p[c + 2]! - p[b + 2]! * p[c + 1]!) -
        p[a + 1]! * (p[b]! * p[c + 2]! - p[b + 2]! * p[c]!) +
        p[a + 2]! * (p[b]! * p[c + 1]! - p[b + 1]! * p[c]!)) /
      6;
  }
  return v;
}

describe('surface', () => {
  const raw = extractSurface(ball(6), 0.5);

  it('is closed, outward-facing and encloses the ball volume', () => {
    expect(raw.triangles.length).toBeGreaterThan(1000);
    expect([...edgeUse(raw).values()].every((u) => u === 2)).toBe(true);
    const vol = signedVolume(raw);
    expect(Math.abs(vol - (4 / 3) * Math.PI * 216) / ((4 / 3) * Math.PI * 216)).toBeLessThan(0.1);
    const b = meshBounds(raw);
    expect(b[0]).toBeCloseTo(10 + 10 - 6, 0);
    expect(b[1]).toBeCloseTo(10 + 10 + 6, 0);
  });

  it('Taubin smoothing keeps the volume; clustering decimates and stays closed', () => {
    const smooth = smoothMesh(raw, 10);
    expect(Math.abs(signedVolume(smooth) / signedVolume(raw) - 1)).toBeLessThan(0.05);
    const dec = decimateMesh(smooth, 1.5);
    expect(dec.triangles.length).toBeLessThan(raw.triangles.length / 3);
    expect(signedVolume(dec)).toBeGreaterThan(0.8 * signedVolume(raw));
  });

  it('STL and VTP read back in VTK with the same counts and bounds', () => {
    const mesh = decimateMesh(smoothMesh(raw, 5), 1);
    const dir = mkdtempSync(join(tmpdir(), 'sb-surface-'));
    writeFileSync(join(dir, 'm.stl'), encodeStl(mesh));
    writeFileSync(join(dir, 'm.vtp'), encodeVtp(mesh));
    const py = `
import json, sys, vtk
out = {}
for name, R in (("stl", vtk.vtkSTLReader), ("vtp", vtk.vtkXMLPolyDataReader)):
    r = R(); r.SetFileName(sys.argv[1] + "/m." + name); r.Update(); o = r.GetOutput()
    out[name] = {"points": o.GetNumberOfPoints(), "cells": o.GetNumberOfCells(), "bounds": list(o.GetBounds())}
print(json.dumps(out))`;
    const res = spawnSync('/usr/bin/python3', ['-c', py, dir], { encoding: 'utf8' });
    expect(res.status, res.stderr).toBe(0);
    const got = JSON.parse(res.stdout) as Record<string, { points: number; cells: number; bounds: number[] }>;
    const b = meshBounds(mesh);
    for (const f of ['stl', 'vtp']) {
      expect(got[f]!.cells).toBe(mesh.triangles.length / 3);
      got[f]!.bounds.forEach((v, i) => expect(v).toBeCloseTo(b[i]!, 4));
    }
    expect(got['vtp']!.points).toBe(mesh.points.length / 3);
    expect(got['stl']!.points).toBe(mesh.points.length / 3); // vtkSTLReader merges shared corners
  });
});
