// The `dbt-steward` command from the sources (bin/dbt-steward.js runs it through tsx when the bundle is stale).
import { main } from './process-main.js';

await main();
