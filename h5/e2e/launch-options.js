// How the browser tests start Debian's Chromium (playwright-core cannot download its own browser here).
export const LAUNCH_OPTIONS = {
  executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
  headless: true,
  // This machine's network is closed: keep Chromium from reaching out for updates and sync.
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
    '--disable-component-update', '--disable-sync'],
}
