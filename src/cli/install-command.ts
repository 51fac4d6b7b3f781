import path from 'node:path';
import type { Command } from 'commander';

export function registerInstallCommand(program: Command): void {
  program
    .command('install <haraka-dir>')
    .description("install the bounceguard plugins and default config into an existing Haraka directory")
    .action(async (dir: string) => {
      // The config registry this loads is only for this command.
      const { installInto } = await import('./install');
      const report = installInto(dir);
      console.log(`plugins written: ${report.plugins.join(', ')}`);
      if (report.configCopied.length) console.log(`config copied:   ${report.configCopied.join(', ')}`);
      if (report.configKept.length) console.log(`config kept (already there): ${report.configKept.join(', ')}`);
      if (report.toEnable.length) {
        console.log(`\nAdd to ${path.join(dir, 'config', 'plugins')} (after your own plugins):\n${report.toEnable.join('\n')}`);
      } else {
        console.log('\nconfig/plugins already lists the bounceguard plugins.');
      }
    });
}
