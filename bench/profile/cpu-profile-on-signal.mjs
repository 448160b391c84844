/**
 * Loaded into messages-api by `npm run bench` (NODE_OPTIONS=--import …) so a CPU profile covers
 * just a load window, not start-up: the first SIGWINCH starts V8's sampling profiler, the second
 * stops it and writes <tmpdir>/cruddur-cpu-<pid>.cpuprofile (see bench/profile/cpu-profile.ts).
 * Idle until then. Not `node --cpu-prof`: it writes only on a normal exit, and a Nest app stopped
 * by a signal re-raises it and dies by it. Not SIGUSR2: Nest shuts down on it; SIGUSR1 opens the
 * inspector; SIGWINCH is ignored by default and nothing here listens to it.
 */
import { renameSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

let session;

process.on('SIGWINCH', () => {
  if (!session) {
    session = new Session();
    session.connect();
    session.post('Profiler.enable', () =>
      session.post('Profiler.setSamplingInterval', { interval: 1000 }, () => session.post('Profiler.start')),
    );
    return;
  }
  const running = session;
  session = undefined;
  running.post('Profiler.stop', (error, result) => {
    if (error) process.stderr.write(`cpu profile: ${error.message}\n`);
    else {
      // Written aside and renamed, so the bench never reads half a file.
      const file = join(tmpdir(), `cruddur-cpu-${process.pid}.cpuprofile`);
      writeFileSync(`${file}.partial`, JSON.stringify(result.profile));
      renameSync(`${file}.partial`, file);
    }
    running.disconnect();
  });
});
