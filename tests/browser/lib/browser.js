// Launches Debian's Chromium through playwright-core: headless, no sandbox (CI runs as root),
// nothing that talks to the network on its own, and a fresh profile every run.
'use strict';
const fs = require('fs');
const os = require('os');
const path = require('path');
const { chromium } = require('playwright-core');

const CHROMIUM = process.env.KB_CHROMIUM || '/usr/bin/chromium';
const ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
  '--disable-sync', '--no-first-run', '--disable-default-apps'];

// A second, throwaway browser with JavaScript turned off, to prove the core works without it.
async function launchWithoutJs() {
  const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ARGS });
  const context = await browser.newContext({ javaScriptEnabled: false, viewport: { width: 1280, height: 900 } });
  return { context, close: () => browser.close() };
}

async function launch() {
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'kb-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: ARGS,
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

// A wait for a condition gives up after this long. Generous: on a machine whose cores are
// busy with other jobs (CI), a popover or a search result can take seconds to appear, and a
// short limit would fail the test for the wrong reason. KB_WAIT_SCALE changes the factor.
function patient(ms) { return ms * (Number(process.env.KB_WAIT_SCALE) || 5); }

// Search results show first with their titles; their snippets follow with the texts
// (search/text.js), and the list is drawn again: this waits for that second drawing.
async function snippetsLoaded(page) {
  await page.waitForFunction(() => !document.querySelector('.sr-snippet-loading'), null, { timeout: patient(15000) });
}

module.exports = { launch, launchWithoutJs, snippetsLoaded, patient, CHROMIUM };
