// Launches Debian's Chromium through playwright-core, for hostile.js only: it hooks Chromium's
// debugger (CDP) to see every script a page compiles. The reader's checks use lib/browser.js.
// Headless, no sandbox (CI runs as root), nothing that talks to the network on its own, and a
// fresh profile every run.
'use strict';
const fs = require('fs');
const os = require('os');
const path = require('path');
const { chromium } = require('playwright-core');
const { BROWSERS, CHROMIUM_ARGS } = require('./browser');

async function launch() {
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'kb-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: BROWSERS.chromium,
    headless: true,
    args: CHROMIUM_ARGS,
    viewport: { width: 1280, height: 900 },
    colorScheme: 'light',
    reducedMotion: 'reduce',
  });
  const close = async () => {
    await context.close();
    fs.rmSync(profile, { recursive: true, force: true });
  };
  return { context, close };
}

module.exports = { launch };
