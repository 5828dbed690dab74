// Launches Debian's Chromium or Debian's Firefox ESR through puppeteer-core: Chromium over the
// Chrome DevTools Protocol, Firefox over WebDriver BiDi (no driver to download). Headless, no
// sandbox (CI runs as root), a fresh profile every run. One test body drives either browser:
// what a test needs from a browser (a colour scheme, JavaScript off) is asked for here, at
// launch, because Firefox over BiDi cannot change it on a running page.
'use strict';
const puppeteer = require('puppeteer-core');

const BROWSERS = {
  chromium: process.env.KB_CHROMIUM || '/usr/bin/chromium',
  firefox: process.env.KB_FIREFOX || '/usr/bin/firefox-esr',
};
const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
  '--disable-sync', '--no-first-run', '--disable-default-apps'];

// open('firefox', { colorScheme: 'dark', javaScript: false }) → { name, newPage(), close() }.
// Every page starts at 1280 × 900 with reduced motion and the asked-for colour scheme.
async function open(name, { colorScheme = 'light', javaScript = true } = {}) {
  const executablePath = BROWSERS[name];
  if (!executablePath) throw new Error(`no such browser: ${name} (chromium or firefox)`);
  const browser = name === 'firefox'
    ? await puppeteer.launch({
      browser: 'firefox', executablePath, headless: true,
      extraPrefsFirefox: {
        'layout.css.prefers-color-scheme.content-override': colorScheme === 'dark' ? 0 : 1,
        'ui.prefersReducedMotion': 1,
        'javascript.enabled': javaScript,
      },
    })
    : await puppeteer.launch({ executablePath, headless: true, args: CHROMIUM_ARGS });
  const newPage = async () => {
    const page = await browser.newPage();
    await page.setViewport({ width: 1280, height: 900 });
    if (name === 'chromium') {
      await page.emulateMediaFeatures([{ name: 'prefers-color-scheme', value: colorScheme },
        { name: 'prefers-reduced-motion', value: 'reduce' }]);
      if (!javaScript) await page.setJavaScriptEnabled(false);
    }
    return page;
  };
  return { name, newPage, close: () => browser.close() };
}

// A wait for a condition gives up after this long. Generous: on a machine whose cores are
// busy with other jobs (CI), a popover or a search result can take seconds to appear, and a
// short limit would fail the test for the wrong reason. KB_WAIT_SCALE changes the factor.
function patient(ms) { return ms * (Number(process.env.KB_WAIT_SCALE) || 5); }

// Search results show first with their titles; their snippets follow with the texts
// (search/text.js), and the list is drawn again: this waits for that second drawing.
async function snippetsLoaded(page) {
  await page.waitForFunction(() => !document.querySelector('.sr-snippet-loading'), { timeout: patient(15000) });
}

module.exports = { open, patient, snippetsLoaded, BROWSERS, CHROMIUM_ARGS };
