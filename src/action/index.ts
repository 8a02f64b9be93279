/** Entry of the bundled Action (dist/action.js): runs it. The logic entry is main.ts. */
import { run } from './main.js';

await run();
