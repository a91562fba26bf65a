/**
 * nginx (Debian package, installed when missing) in front of several `next start` processes: round robin
 * over keep-alive connections, and a proxy cache that serves what the app marks `public, s-maxage` (the
 * event and home pages, the availability endpoint) without touching the app. RSC navigations bypass it.
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

export function ensureNginx() {
  if (spawnSync("sh", ["-c", "command -v nginx || test -x /usr/sbin/nginx"]).status === 0) return;
  console.log("▶ installing nginx (Debian package)");
  const r = spawnSync(
    "sh",
    [
      "-c",
      "apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nginx-light || apt-get install -y -qq nginx",
    ],
    { stdio: "inherit" },
  );
  if (r.status !== 0) throw new Error("nginx is missing and could not be installed: apt-get install -y nginx");
}

export function nginxConfig(dir: string, port: number, upstreams: string[]): string {
  return `
${process.getuid?.() === 0 ? "user root;" : ""}
worker_processes 1;
pid ${dir}/nginx.pid;
error_log ${dir}/error.log warn;
events { worker_connections 4096; }
http {
  access_log off;
  proxy_temp_path ${dir}/tmp;
  client_body_temp_path ${dir}/body;
  proxy_cache_path ${dir}/cache levels=1:2 keys_zone=pages:10m max_size=200m inactive=10m use_temp_path=off;
  # The storefront's language, decided as proxy.ts decides it (?lang, then the lang cookie, then
  # Accept-Language), so each cached page is kept once per language. A header that starts with a language
  # Lango speaks is that language; any other header is its own key (rare, and still right).
  map $arg_lang $lango_arg_lang { ~^(?<l>en|sw)$ $l; default ""; }
  map $cookie_lang $lango_cookie_lang { ~^(?<l>en|sw)$ $l; default ""; }
  map $http_accept_language $lango_accept_lang {
    "~*^\\s*(?<l>en|sw)(-[a-z]+)?\\s*(,|$)" $l;
    "" en;
    default $http_accept_language;
  }
  map "$lango_arg_lang|$lango_cookie_lang|$lango_accept_lang" $lango_lang {
    "~^(?<l>en|sw)\\|" $l;
    "~^\\|(?<l>en|sw)\\|" $l;
    "~^\\|\\|(?<l>.*)$" $l;
  }
  upstream lango {
${upstreams.map((u) => `    server ${u};`).join("\n")}
    keepalive 64;
  }
  server {
    listen 127.0.0.1:${port};
    location / {
      proxy_pass http://lango;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_set_header Host $http_host;
      proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
      proxy_set_header X-Forwarded-Proto $scheme;
      # Only what the app marks public (Cache-Control: public, s-maxage) is kept; one request per page
      # goes to the app when a copy runs out, the others get the stale copy meanwhile.
      proxy_cache pages;
      # Keyed on the language decision rather than on Vary (Cookie would give every visitor a copy).
      proxy_cache_key "$scheme$proxy_host$request_uri $lango_lang";
      proxy_ignore_headers Vary;
      proxy_cache_lock on;
      proxy_cache_use_stale updating error timeout;
      proxy_cache_background_update on;
      proxy_cache_bypass $http_rsc $http_next_action;
      proxy_no_cache $http_rsc $http_next_action;
      add_header X-Proxy-Cache $upstream_cache_status;
    }
  }
}
`;
}

export interface RunningNginx {
  url: string;
  stop(): Promise<void>;
}

export async function startNginx(port: number, upstreams: string[]): Promise<RunningNginx> {
  ensureNginx();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "lango-nginx-"));
  fs.mkdirSync(path.join(dir, "cache"));
  fs.writeFileSync(path.join(dir, "nginx.conf"), nginxConfig(dir, port, upstreams));
  const bin = fs.existsSync("/usr/sbin/nginx") ? "/usr/sbin/nginx" : "nginx";
  const child: ChildProcess = spawn(bin, ["-p", dir, "-c", path.join(dir, "nginx.conf"), "-g", "daemon off;"], {
    stdio: ["ignore", "ignore", "pipe"],
  });
  let log = "";
  child.stderr?.on("data", (d) => (log += d));
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; ; i++) {
    if (child.exitCode !== null) throw new Error(`nginx exited (${child.exitCode}): ${log}`);
    if (
      await fetch(`${url}/api/health`).then(
        (r) => r.ok,
        () => false,
      )
    )
      break;
    if (i > 100) throw new Error(`nginx did not answer: ${log}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    url,
    async stop() {
      const exited = new Promise((r) => child.once("exit", r));
      if (child.exitCode === null) child.kill("SIGQUIT");
      await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]);
      if (child.exitCode === null) child.kill("SIGKILL");
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
