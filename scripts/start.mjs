// Starts the API and the dashboard together for the embedded mode and stops both on Ctrl-C.
// Expects `npm run build` to have run (the root `npm start` does it first).
import { spawn } from 'node:child_process';
import net from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';

const apiPort = process.env.PORT ?? '4000';
const dashboardPort = process.env.DASHBOARD_PORT ?? '3000';
const host = process.env.HOST ?? '127.0.0.1';
const apiUrl = process.env.RATUSZ_API_URL ?? `http://${host}:${apiPort}/graphql`;

// The dashboard gets the API's address before the API starts, so both ports must be fixed here.
// `PORT=0` (a free port) works only when the API runs on its own.
for (const [name, value] of [
  ['PORT', apiPort],
  ['DASHBOARD_PORT', dashboardPort],
]) {
  if (!/^\d+$/.test(value) || Number(value) < 1 || Number(value) > 65535) {
    console.error(`${name} must be a whole number from 1 to 65535 for npm start (got ${JSON.stringify(value)})`);
    process.exit(2);
  }
}

const children = [];

function start(name, command, args, env) {
  const child = spawn(command, args, { env: { ...process.env, ...env }, stdio: ['ignore', 'inherit', 'inherit'] });
  child.on('exit', (code, signal) => {
    if (!stopping) {
      console.error(`${name} exited (${signal ?? code}); stopping the rest`);
      stop(code ?? 1);
    }
  });
  children.push(child);

  return child;
}

let stopping = false;
function stop(code = 0) {
  stopping = true;
  process.exitCode = code;
  const running = children.filter((child) => child.exitCode === null && child.signalCode === null);
  for (const child of running) {
    child.kill('SIGTERM');
  }
  setTimeout(() => process.exit(code), 5000).unref();
  Promise.all(running.map((child) => new Promise((resolve) => child.once('exit', resolve)))).then(() =>
    process.exit(code),
  );
}

/** Resolves when nothing listens on `port` yet, so a health check cannot reach another program. */
function checkPortFree(name, port) {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once('error', (error) =>
      reject(
        new Error(
          error.code === 'EADDRINUSE'
            ? `${name} ${port} on ${host} is already in use: stop the program that uses it, or set ${name} to a free port`
            : `${name} ${port} on ${host} cannot be used: ${error.message}`,
        ),
      ),
    );
    probe.listen(Number(port), host, () => probe.close(() => resolve()));
  });
}

/** Waits until the dashboard responds to HTTP, or its process exits. */
async function waitForDashboard(url, child, attempts = 120) {
  for (let attempt = 0; attempt < attempts && child.exitCode === null; attempt += 1) {
    try {
      await fetch(url);

      return true;
    } catch {
      await sleep(500);
    }
  }

  return false;
}

async function waitForHealth(url, attempts = 120) {
  const health = url.replace(/\/graphql$/, '/health');
  for (let attempt = 0; attempt < attempts; attempt += 1) {
    try {
      const response = await fetch(health);
      if (response.ok) {
        return;
      }
    } catch {
      // The API is still starting.
    }
    await sleep(500);
  }
  throw new Error(`API did not become healthy at ${health}`);
}

process.on('SIGINT', () => stop(0));
process.on('SIGTERM', () => stop(0));

// The dashboard's pages open WebSockets to the API, which accepts them only from CORS_ORIGINS,
// and the dashboard server fetches on behalf of every visitor, so it is exempt from the
// per-address request limit.
const dashboardOrigins = [`http://${host}:${dashboardPort}`, `http://localhost:${dashboardPort}`];
try {
  await checkPortFree('PORT', apiPort);
  await checkPortFree('DASHBOARD_PORT', dashboardPort);
} catch (error) {
  console.error(error.message);
  process.exit(2);
}
start('api', process.execPath, ['api/dist/main.js'], {
  PORT: apiPort,
  HOST: host,
  CORS_ORIGINS: process.env.CORS_ORIGINS ?? dashboardOrigins.join(','),
  RATUSZ_RATE_LIMIT_EXEMPT: process.env.RATUSZ_RATE_LIMIT_EXEMPT ?? '127.0.0.1,::1',
});
let apiHealthy = false;
try {
  await waitForHealth(apiUrl);
  apiHealthy = !stopping;
} catch (error) {
  console.error(error.message);
  stop(1);
}
if (apiHealthy) {
  const dashboard = start('dashboard', process.execPath, ['node_modules/next/dist/bin/next', 'start', 'dashboard', '-H', host, '-p', dashboardPort], {
    RATUSZ_API_URL: apiUrl,
  });
  if (await waitForDashboard(`http://${host}:${dashboardPort}/`, dashboard)) {
    console.log(`Ratusz is running: dashboard http://${host}:${dashboardPort}  API ${apiUrl}`);
  }
}
