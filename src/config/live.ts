import { CONFIG_FILES, PARTS, partsOf, readConfig, type Config, type ConfigFile, type Part } from './index';
import type { IniReader } from './reader';
import { describeProblem } from './schema';

export type ConfigLog = (level: 'info' | 'warn' | 'error', message: string) => void;

/**
 * The configuration in force in a running Haraka, and what a change of a file does to it. A part
 * that is invalid at start is refused (its feature stays off) and each problem logged; on a reload,
 * an invalid part keeps the last good one in force, so a typo never switches protection off; a
 * file that is valid again says so.
 */
export class LiveConfig {
  /** The parts in force; a part never valid since start is missing. */
  readonly current: Partial<Config> = {};
  /** Changes with every reading that changed a part. */
  version = 0;
  private readonly troubled = new Set<ConfigFile>();

  constructor(
    private readonly readIni: IniReader,
    private readonly baseDir: string,
    private readonly log: ConfigLog,
    private readonly onChange?: (file: ConfigFile) => void,
  ) {}

  /** Reads the files (all of them at start) and returns the parts that were replaced. */
  load(files: readonly ConfigFile[] = CONFIG_FILES): Part[] {
    const starting = this.version === 0;
    const reading = readConfig(this.readIni, this.baseDir, files, this.onChange);
    for (const p of reading.problems) this.log('error', `bounceguard: ${describeProblem(p)}`);
    for (const file of files) {
      const problems = reading.problems.filter((p) => p.file === file).length;
      if (problems) {
        this.troubled.add(file);
        this.log('error', `bounceguard: config/${file}: ${problems} problem${problems > 1 ? 's' : ''} (above): ${this.consequence(reading.invalid, file, starting)}`);
      } else if (this.troubled.delete(file)) {
        this.log('info', `bounceguard: config/${file} is valid again: its configuration is in force`);
      }
    }
    const replaced = Object.keys(reading.parts) as Part[];
    Object.assign(this.current, reading.parts);
    this.version++;
    return replaced;
  }

  /** What the problems of a file mean for each part it configures. */
  private consequence(invalid: Part[], file: ConfigFile, starting: boolean): string {
    const refused = invalid.filter((p) => PARTS[p].file === file);
    const kept = refused.filter((p) => this.current[p] !== undefined);
    const off = refused.filter((p) => this.current[p] === undefined);
    const said = [
      ...kept.map((p) => `the last good ${p} settings stay in force`),
      ...off.map((p) => `${p} settings refused: ${PARTS[p].off} until the file is fixed`),
    ];
    const valid = partsOf(file).filter((p) => !refused.includes(p));
    if (valid.length) said.push(`${starting ? '' : 'new '}${valid.join(', ')} settings in force`);
    return said.join('; ');
  }
}
