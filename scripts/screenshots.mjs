// `npm run screenshots`: the README's screenshots, from the UI suite's own. Runs `npm run test:ui` (the
// real workbench in headless Chromium; it saves test-results/screenshots/<scenario>-NN-<name>.png at
// 1400×900), then copies the chosen ones into media/screenshots/ under stable names, each cropped to the
// part of the workbench it shows when ImageMagick's `convert` is there (whole otherwise).
//   node scripts/screenshots.mjs [--no-run]     (--no-run: use the screenshots already in test-results/; those
//                                                not there, e.g. after KONEXUS_UI_GREP, keep their committed file)
// media/screenshots/ is left out of the .vsix (.vscodeignore): the Marketplace README would need https URLs.
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..');
const source = join(repoRoot, 'test-results', 'screenshots');
const target = join(repoRoot, 'media', 'screenshots');

// name in media/screenshots → the UI suite's screenshot, and the region (WxH+X+Y of the 1400×900 page) it shows.
const CHOSEN = [
  { name: 'status-bar.png', from: 'statusBar-01-status-valid.png', crop: '600x34+800+866' },
  { name: 'status-expired.png', from: 'statusBar-04-status-expired.png', crop: '600x34+800+866' },
  { name: 'tooltip.png', from: 'statusBar-02-status-tooltip.png', crop: '420x300+990+610' },
  { name: 'inspector.png', from: 'inspector-02-inspector.png', crop: '770x830+0+35' },
  { name: 'hover.png', from: 'inspector-01-hover.png', crop: '860x265+350+90' },
  { name: 'http-insert.png', from: 'httpFiles-01-http-insert.png', crop: '1050x330+350+35' },
  { name: 'trust-issuer.png', from: 'inspector-06-trust-dialog.png', crop: '900x420+50+300' },
  { name: 'production-status.png', from: 'production-01-production-status.png', crop: '600x34+800+866' },
  { name: 'production-modal.png', from: 'production-03-production-modal.png', crop: '520x170+440+365' },
  { name: 'chat-tools.png', from: 'chatTools-02-configure-tools.png', crop: '610x392+396+2' },
  { name: 'terminal-token.png', from: 'terminalToken-01-terminal-token.png', crop: '1046x150+352+583' },
  { name: 'stored-secrets.png', from: 'storedSecrets-01-stored-secrets.png', crop: '620x215+390+0' },
  { name: 'key-pair.png', from: 'keyPair-02-public-key-dialog.png', crop: '490x270+455+315' },
];

function hasConvert() {
  return spawnSync('convert', ['-version'], { stdio: 'ignore' }).status === 0;
}

function main() {
  const started = Date.now();
  if (!process.argv.includes('--no-run')) {
    const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
    const ui = spawnSync(npm, ['run', 'test:ui'], { cwd: repoRoot, stdio: 'inherit' });
    if (ui.status !== 0) console.log(`[screenshots] npm run test:ui exited ${ui.status}: using the screenshots it saved, if they are all new`);
  }
  const noRun = process.argv.includes('--no-run');
  const fresh = noRun ? () => true : file => statSync(file).mtimeMs >= started;
  const missing = CHOSEN.map(shot => join(source, shot.from)).filter(file => !existsSync(file) || !fresh(file));
  if (missing.length && (!noRun || missing.length === CHOSEN.length)) {
    console.error(`[screenshots] missing or not from this run:\n  ${missing.join('\n  ')}`);
    return 1;
  }
  // --no-run after a run of some scenarios (KONEXUS_UI_GREP): the others keep their committed pictures.
  if (missing.length) console.log(`[screenshots] not in test-results/, kept as committed:\n  ${missing.join('\n  ')}`);
  mkdirSync(target, { recursive: true });
  const crop = hasConvert();
  if (!crop) console.log('[screenshots] ImageMagick `convert` not found: copying whole screenshots');
  for (const shot of CHOSEN) {
    const from = join(source, shot.from);
    if (missing.includes(from)) continue;
    const to = join(target, shot.name);
    if (crop) {
      const result = spawnSync('convert', [from, '-crop', shot.crop, '+repage', '-strip', to], { stdio: 'inherit' });
      if (result.status !== 0) return 1;
    } else {
      copyFileSync(from, to);
    }
    console.log(`[screenshots] ${shot.from} → media/screenshots/${shot.name}`);
  }
  return 0;
}

process.exitCode = main();
