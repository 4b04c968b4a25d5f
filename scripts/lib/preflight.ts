// What every entry script checks first: the runtime the project pins.
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

/** Node 24 LTS comes from the `node` devDependency, which npm scripts put first on the PATH. */
export function checkNode(): void {
  const major = Number(process.versions.node.split('.')[0]);
  if (major !== 24) {
    console.error(
      `Relais runs on Node 24 LTS, this is Node ${process.versions.node}. ` +
        'Run it through npm (npm test, npm start), which uses the Node 24 installed by `npm ci` ' +
        'in node_modules/.bin.',
    );
    process.exit(1);
  }
}
