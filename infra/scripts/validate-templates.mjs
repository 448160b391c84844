// Runs AWS's offline CloudFormation validator (@aws/cloudformation-validate, shipped inside
// aws-cdk-lib) over every template in a cloud assembly: exit 1 on any ERROR or FATAL finding.
//   node scripts/validate-templates.mjs [cdk.out ...]
import { readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';

const require = createRequire(import.meta.url);
const validatorPath = require.resolve('@aws/cloudformation-validate', { paths: [dirname(require.resolve('aws-cdk-lib/package.json'))] });
const { RegoEngine, TemplateFile } = require(validatorPath);

/**
 * Rule ids acknowledged, each with why; none today. (E3687, a false positive on ports given by
 * Fn::GetAtt, does not fire: the security group rules name their ports as numbers.)
 */
const SUPPRESSED = {};

const assemblies = process.argv.length > 2 ? process.argv.slice(2) : ['cdk.out'];
const templates = assemblies.flatMap((assembly) =>
  readdirSync(resolve(assembly)).filter((name) => name.endsWith('.template.json')).map((name) => join(assembly, name)),
);
if (templates.length === 0) {
  console.error(`validate: no templates in ${assemblies.join(', ')} (run cdk synth first)`);
  process.exit(1);
}
const engine = new RegoEngine();
let errors = 0;
try {
  for (const name of templates) {
    const report = engine.validateStandard(new TemplateFile(resolve(name)), { exclude: { ids: Object.keys(SUPPRESSED) } });
    const blocking = report.diagnostics.filter((diagnostic) => diagnostic.severity === 'ERROR' || diagnostic.severity === 'FATAL');
    const counts = {};
    for (const diagnostic of report.diagnostics) {
      counts[diagnostic.severity] = (counts[diagnostic.severity] ?? 0) + 1;
      // INFO findings (tags, descriptions) are counted, not listed.
      if (diagnostic.severity !== 'INFO' && diagnostic.severity !== 'DEBUG') console.log(`  [${diagnostic.severity}] ${diagnostic.ruleId}: ${diagnostic.message}`);
    }
    if (report.status === 'ERROR') {
      console.log(`validate: ${name}: the validator itself failed`);
      errors += 1;
    }
    errors += blocking.length;
    const summary = Object.entries(counts).map(([severity, count]) => `${count} ${severity}`).join(', ') || 'no findings';
    console.log(`validate: ${name}: ${blocking.length} error(s) (${summary}), status ${report.status}`);
  }
} finally {
  engine.free();
}
const suppressed = Object.entries(SUPPRESSED);
if (suppressed.length === 0) console.log('validate: no rule suppressed');
for (const [id, reason] of suppressed) console.log(`validate: suppressed ${id}: ${reason}`);
process.exit(errors === 0 ? 0 : 1);
