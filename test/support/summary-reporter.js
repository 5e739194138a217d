// Prints one plain closing line ("Tests: N passed, N failed, N skipped") that any CI can read.
// Written at process exit so it comes after Jest's own summary.
class SummaryReporter {
  onRunComplete(_contexts, results) {
    const { numPassedTests: passed, numFailedTests: failed, numPendingTests: skipped } = results;
    process.once('exit', () => process.stderr.write(`\nTests: ${passed} passed, ${failed} failed, ${skipped} skipped\n`));
  }
}
module.exports = SummaryReporter;
