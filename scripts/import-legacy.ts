/**
 * npm run import:legacy -- FILE.json [--dry-run] [--group-by owner|domain] [--json] [--members FILE.csv]
 *
 * Imports projects of the old project-owner model into organizations (ACCESS-MODEL §7) in the configured database
 * (DATABASE_URL, or the PGlite data directory). Safe to run again. Exit code 0: everything imported or skipped;
 * 2: some projects or members were refused (see the report); 1: the import could not run.
 */
import 'reflect-metadata';
import { SingleBar, Presets } from 'cli-progress';
import { ConfigError } from '../src/config';
import { openConfiguredDatabase } from '../src/modules/legacy-import/connect';
import { importLegacy } from '../src/modules/legacy-import/importer';
import { formatReport, projectLine } from '../src/modules/legacy-import/report';
import { fileSource, readMembersCsv } from '../src/modules/legacy-import/source';
import type { GroupBy } from '../src/modules/legacy-import/types';

const USAGE = 'usage: npm run import:legacy -- FILE.json [--dry-run] [--group-by owner|domain] [--json] [--members FILE.csv]';

interface Args { file: string; dryRun: boolean; groupBy: GroupBy; json: boolean; members: string | null }

function parseArgs(argv: string[]): Args {
  const args: Args = { file: '', dryRun: false, groupBy: 'owner', json: false, members: null };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = () => {
      const v = a.includes('=') ? a.slice(a.indexOf('=') + 1) : argv[++i];
      if (!v) throw new Error(`${a} needs a value`);
      return v;
    };
    if (a === '--dry-run') args.dryRun = true;
    else if (a === '--json') args.json = true;
    else if (a === '--group-by' || a.startsWith('--group-by=')) {
      const v = value();
      if (v !== 'owner' && v !== 'domain') throw new Error(`--group-by must be owner or domain, got "${v}"`);
      args.groupBy = v;
    } else if (a === '--members' || a.startsWith('--members=')) args.members = value();
    else if (a === '-h' || a === '--help') {
      console.log(USAGE);
      process.exit(0);
    } else if (a.startsWith('-')) throw new Error(`unknown option ${a}`);
    else if (args.file) throw new Error(`only one input file, got "${args.file}" and "${a}"`);
    else args.file = a;
  }
  if (!args.file) throw new Error('the input file is missing');
  return args;
}

async function main(): Promise<number> {
  let args: Args;
  try {
    args = parseArgs(process.argv.slice(2));
  } catch (e) {
    console.error(`${(e as Error).message}\n${USAGE}`);
    return 1;
  }
  const members = args.members ? await readMembersCsv(args.members) : undefined;
  const { db, where, close } = await openConfiguredDatabase();
  const tty = process.stderr.isTTY === true;
  const bar = tty ? new SingleBar({ format: 'importing [{bar}] {percentage}% | {value}/{total} projects | {eta_buffer}s left', etaBuffer: 200 }, Presets.shades_classic) : null;
  let total = 0;
  let nextLine = 0;
  try {
    console.error(`${args.dryRun ? 'Dry run against' : 'Importing into'} ${where}, grouping by ${args.groupBy}`);
    const report = await importLegacy({
      db,
      source: fileSource(args.file),
      members,
      groupBy: args.groupBy,
      dryRun: args.dryRun,
      onStart(n) {
        total = n;
        bar?.start(n, 0);
      },
      onProject(p, done) {
        if (bar) bar.update(done);
        else if (done >= nextLine || done === total) {
          // Not a terminal: a plain line per refused project and about every 5 %.
          console.error(`[${done}/${total}] ${projectLine(p)}`);
          nextLine = done + Math.max(1, Math.floor(total / 20));
        } else if (p.status === 'refused') console.error(`[${done}/${total}] ${projectLine(p)}`);
      },
    });
    bar?.stop();
    process.stdout.write(args.json ? `${JSON.stringify(report, null, 2)}\n` : `${formatReport(report)}\n`);
    return report.totals.projects.refused || report.totals.issues ? 2 : 0;
  } finally {
    bar?.stop();
    await close();
  }
}

main().then((code) => process.exit(code), (e) => {
  console.error(e instanceof ConfigError ? `Configuration error: ${e.message}` : e);
  process.exit(1);
});
