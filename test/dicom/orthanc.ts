import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A free loopback TCP port (bound, read, released). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

const DICOMWEB_PLUGIN = '/usr/share/orthanc/plugins/libOrthancDicomWeb.so';

/** A real Orthanc (Debian's /usr/sbin/Orthanc + DICOMweb plugin) on loopback with a temporary store. */
export class TestOrthanc {
  private child: ChildProcess | undefined;
  log = '';

  private constructor(
    readonly httpPort: number,
    readonly dicomPort: number,
    readonly dir: string,
    private readonly dicom: boolean,
  ) {}

  /**
   * `dicom`: also run the DICOM (DIMSE) server. Orthanc 1.10 has no bind address for it, so it listens
   * on every interface; only the DIMSE tests turn it on. The HTTP server is loopback-only
   * (RemoteAccessAllowed false).
   */
  static async create(options: { dicom?: boolean } = {}): Promise<TestOrthanc> {
    const dir = await mkdtemp(join(tmpdir(), 'sb-orthanc-'));
    return new TestOrthanc(await freePort(), await freePort(), dir, options.dicom ?? false);
  }

  get url(): string {
    return `http://127.0.0.1:${this.httpPort}`;
  }

  get dicomWeb(): string {
    return `${this.url}/dicom-web`;
  }

  /** Starts Orthanc and resolves once its REST API answers (about a second). */
  async start(): Promise<void> {
    const config = join(this.dir, 'orthanc.json');
    await writeFile(
      config,
      JSON.stringify({
        Name: 'spinebridge-test',
        StorageDirectory: join(this.dir, 'db'),
        IndexDirectory: join(this.dir, 'db'),
        HttpPort: this.httpPort,
        DicomServerEnabled: this.dicom,
        DicomPort: this.dicomPort,
        DicomAet: 'SBTEST',
        // Orthanc 1.10 cannot bind its DICOM port to loopback, so it accepts associations only from our AE
        // title on 127.0.0.1 (a known modality, host checked) and nothing else.
        DicomCheckCalledAet: true,
        DicomAlwaysAllowEcho: false,
        DicomAlwaysAllowStore: false,
        DicomCheckModalityHost: true,
        DicomModalities: { spinebridge: ['SPINEBRIDGE', '127.0.0.1', 104] },
        RemoteAccessAllowed: false,
        AuthenticationEnabled: false,
        Plugins: [DICOMWEB_PLUGIN],
        DicomWeb: { Enable: true, Root: '/dicom-web/' },
      }),
    );
    const child = spawn('/usr/sbin/Orthanc', [config], { stdio: ['ignore', 'pipe', 'pipe'] });
    this.child = child;
    child.stdout?.on('data', (d: Buffer) => (this.log += d.toString()));
    child.stderr?.on('data', (d: Buffer) => (this.log += d.toString()));
    const deadline = Date.now() + 20_000;
    while (Date.now() < deadline) {
      if (child.exitCode !== null) throw new Error(`Orthanc exited ${child.exitCode}: ${this.log}`);
      try {
        if ((await fetch(`${this.url}/system`)).ok) return;
      } catch {
        // not listening yet
      }
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(`Orthanc did not answer on ${this.url}: ${this.log}`);
  }

  async stop(): Promise<void> {
    const child = this.child;
    this.child = undefined;
    if (!child || child.exitCode !== null) return;
    const exited = new Promise((r) => child.once('exit', r));
    // A graceful SIGTERM takes Orthanc ~2.5 s; its temporary store is thrown away anyway.
    child.kill('SIGKILL');
    await exited;
  }

  async get<T>(path: string): Promise<T> {
    const res = await fetch(`${this.url}${path}`, { headers: { Accept: 'application/json' } });
    if (!res.ok) throw new Error(`GET ${path}: HTTP ${res.status}`);
    return (await res.json()) as T;
  }
}
