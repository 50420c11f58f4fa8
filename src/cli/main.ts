// The `dbt-steward` command: argv -> engine -> stdout and an exit code.
process.stdout.write('dbt-steward: not yet\n');
