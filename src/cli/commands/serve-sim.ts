import { PlusSimServer } from '../../sim/index.js';
import { CliError } from '../parse.js';
import { defineCommand } from '../spec.js';

export const serveSimCommand = defineCommand({
  name: ['serve-sim'],
  summary: 'PLUS-like OpenIGTLink server streaming a simulated tracked probe over a spine',
  options: {
    port: { kind: 'number', value: 'PORT', help: 'TCP port', default: 18944 },
    host: {
      kind: 'string',
      value: 'ADDR',
      help: 'listen address (non-loopback needs --allow-remote)',
      default: '127.0.0.1',
    },
    'allow-remote': { kind: 'boolean', help: 'allow listening beyond loopback' },
    fps: { kind: 'number', value: 'N', help: 'frames per second', default: 30 },
    seed: { kind: 'number', value: 'S', help: 'random seed', default: 1 },
    cobb: {
      kind: 'number',
      value: 'DEG',
      help: 'Cobb angle of a right thoracic T5-T12 curve (0 = straight)',
      default: 30,
    },
    'image-name': { kind: 'string', value: 'NAME', help: 'IMAGE device name', default: 'Image_Reference' },
    'transform-name': {
      kind: 'string',
      value: 'NAME',
      help: 'TRANSFORM device name',
      default: 'ProbeToReference',
    },
    sagittal: { kind: 'boolean', help: 'hold the probe sagittally (default: transverse)' },
  },
  run: async ({ options, io }) => {
    if (!(options.fps > 0 && options.fps <= 200))
      throw new CliError('CLI_BAD_VALUE', '--fps must be in (0, 200]');
    const server = await PlusSimServer.start({
      port: options.port,
      host: options.host,
      allowRemote: options['allow-remote'] === true,
      fps: options.fps,
      seed: options.seed,
      phantom: {
        curves:
          options.cobb === 0
            ? []
            : [{ upperEnd: 'T5', lowerEnd: 'T12', cobbDeg: options.cobb, convexity: 'right' }],
      },
      sweep: { orientation: options.sagittal ? 'sagittal' : 'transverse' },
      imageName: options['image-name'],
      transformName: options['transform-name'],
      log: io.err,
    });
    io.err(
      `serve-sim: OpenIGTLink on ${options.host}:${server.port}, ${options.fps} fps, ` +
        `IMAGE '${options['image-name']}' + TRANSFORM '${options['transform-name']}' (Ctrl-C to stop)`,
    );
    await io.stopped;
    const sent = server.framesSent;
    await server.close();
    io.err(`serve-sim: stopped after ${sent} frames`);
    return 0;
  },
});
