// Reference for bench/volume.bench.ts: the same paste loops as src/volume/paste.ts (nearest neighbour
// and trilinear splat, MAXIMUM compounding, float arithmetic) over the same synthetic sweep, plain C++.
// Usage: volume_paste nn|linear FRAMES  -> prints "<frames per second> <checksum>".
#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <vector>

static const int W = 640, H = 480, NX = 190, NY = 160, NZ = 400;
static const double PIX = 70.0 / 480, SP = 0.5, OY = -10.0;

static void frameMap(int k, double m[12]) {
  const double th = 5.0 * M_PI / 180 * std::sin(k / 20.0);
  const double c = std::cos(th), s = std::sin(th);
  // Image -> Reference (mm): x across, y into the body tilted by th, sweep along z at 0.5 mm/frame.
  const double a[12] = {PIX, 0, 0, 2.0, 0, PIX * c, 0, 0.0, 0, PIX * s, 0, 20.0 + 0.5 * k};
  const double o[3] = {0, OY, 0};
  for (int r = 0; r < 3; r++)
    for (int q = 0; q < 4; q++) m[r * 4 + q] = (a[r * 4 + q] - (q == 3 ? o[r] : 0)) / SP;
}

int main(int argc, char** argv) {
  if (argc < 3) return 2;
  const bool linear = std::strcmp(argv[1], "linear") == 0;
  const int frames = std::atoi(argv[2]);
  std::vector<uint8_t> pixels(W * H), out(size_t(NX) * NY * NZ);
  std::vector<uint16_t> acc(out.size());
  for (int j = 0; j < H; j++)
    for (int i = 0; i < W; i++) pixels[j * W + i] = uint8_t((i * 7 + j * 13) & 255);
  const int nxy = NX * NY;
  auto t0 = std::chrono::steady_clock::now();
  for (int k = 0; k < frames; k++) {
    double m[12];
    frameMap(k, m);
    for (int j = 0; j < H; j++) {
      const double rx = m[3] + j * m[1], ry = m[7] + j * m[5], rz = m[11] + j * m[9];
      const uint8_t* row = &pixels[j * W];
      for (int i = 0; i < W; i++) {
        const double px = rx + i * m[0], py = ry + i * m[4], pz = rz + i * m[8];
        const uint8_t p = row[i];
        if (!linear) {
          const int x = int(std::floor(px + 0.5)), y = int(std::floor(py + 0.5)), z = int(std::floor(pz + 0.5));
          if (x < 0 || y < 0 || z < 0 || x >= NX || y >= NY || z >= NZ) continue;
          const size_t v = x + size_t(y) * NX + size_t(z) * nxy;
          if (p > out[v]) out[v] = p;
          acc[v] = 256;
          continue;
        }
        const int x0 = int(std::floor(px)), y0 = int(std::floor(py)), z0 = int(std::floor(pz));
        const double fx = px - x0, fy = py - y0, fz = pz - z0;
        const int x1 = x0 + (fx != 0), y1 = y0 + (fy != 0), z1 = z0 + (fz != 0);
        if (x0 < 0 || y0 < 0 || z0 < 0 || x1 >= NX || y1 >= NY || z1 >= NZ) continue;
        const double gx = 1 - fx, gy = 1 - fy, gz = 1 - fz;
        const double w[8] = {gx * gy * gz, gx * gy * fz, gx * fy * gz, gx * fy * fz,
                             fx * gy * gz, fx * gy * fz, fx * fy * gz, fx * fy * fz};
        const size_t b00 = size_t(y0) * NX + size_t(z0) * nxy, b01 = size_t(y0) * NX + size_t(z1) * nxy,
                     b10 = size_t(y1) * NX + size_t(z0) * nxy, b11 = size_t(y1) * NX + size_t(z1) * nxy;
        const size_t idx[8] = {x0 + b00, x0 + b01, x0 + b10, x0 + b11, x1 + b00, x1 + b01, x1 + b10, x1 + b11};
        for (int c = 7; c >= 0; c--) {
          const double f = w[c];
          if (f == 0) continue;
          const size_t v = idx[c];
          if (f >= 0.125 && p > out[v]) {
            out[v] = p;
            const double a = f * 256;
            acc[v] = a >= 65535 ? 65535 : uint16_t(std::floor(a + 0.5));
          }
        }
      }
    }
  }
  const double sec = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  uint64_t sum = 0;
  for (size_t v = 0; v < out.size(); v++) sum += out[v] + acc[v];
  std::printf("%.3f %llu\n", frames / sec, (unsigned long long)sum);
  return 0;
}
