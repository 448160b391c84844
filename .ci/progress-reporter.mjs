// A Jest reporter for .ci/run: appends one line per event to $CI_PROGRESS_FILE, so that a run cut
// short by .ci/run's time limit can still say which test files were running and what had passed.
//   start <file>                       a test file began
//   done <passed> <failed> <file>      it ended (a file that failed to run counts one failure)
//   complete                           Jest's run ended (results written; the process should exit)
import { appendFileSync } from 'node:fs';

export default class ProgressReporter {
  constructor() {
    this.file = process.env.CI_PROGRESS_FILE;
  }

  write(line) {
    if (this.file) appendFileSync(this.file, `${line}\n`);
  }

  onTestFileStart(test) {
    this.write(`start ${test.path}`);
  }

  onTestFileResult(test, result) {
    const failed = result.numFailingTests + (result.testExecError ? 1 : 0);
    this.write(`done ${result.numPassingTests} ${failed} ${test.path}`);
  }

  onRunComplete() {
    this.write('complete');
  }
}
