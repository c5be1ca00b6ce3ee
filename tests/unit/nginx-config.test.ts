// scripts/nginx-config.mjs: the nginx configuration docs/deploy.md shows is what the template
// (deploy/nginx/coffer.conf) makes for the page's example names, client_max_body_size follows MAX_FILE_SIZE, and
// a placeholder without a value, or a value that would end an nginx directive, is refused.
import fs from "node:fs";
import path from "node:path";
import { clientMaxBodySize, deploymentValues, renderNginxConfig } from "../../scripts/nginx-config.mjs";

const MiB = 1024 * 1024;

it("writes for docs/deploy.md's example names exactly the configuration the page shows", () => {
  const page = fs.readFileSync(path.resolve(__dirname, "../../docs/deploy.md"), "utf8");
  const shown = /For the names of this page it writes[^\n]*\n\n```nginx\n([\s\S]*?)```\n/.exec(page)?.[1];
  expect(shown).toBeDefined();
  const written = renderNginxConfig(
    deploymentValues({ serverName: "files.example.org", nodes: ["10.0.0.11:3000", "10.0.0.12:3000"], maxFileSize: 2 * 1024 * MiB }),
  );
  expect(shown).toBe(written);
  expect(written).not.toMatch(/\{\{/);
  // One line per node and per listen address; the defaults for the rest.
  expect(written).toMatch(/server 10\.0\.0\.11:3000 max_fails=2 fail_timeout=10s;\n\s*server 10\.0\.0\.12:3000 max_fails/);
  expect(written).toMatch(/listen 443 ssl http2;\n\s*listen \[::\]:443 ssl http2;/);
  expect(written).toContain("ssl_certificate     /etc/letsencrypt/live/files.example.org/fullchain.pem;");
  expect(written).toContain("client_max_body_size 2049m;");
});

it("sets client_max_body_size to MAX_FILE_SIZE in MiB, rounded up, plus 1", () => {
  expect(clientMaxBodySize(2 * 1024 * MiB)).toBe("2049m");
  expect(clientMaxBodySize(16 * MiB)).toBe("17m");
  expect(clientMaxBodySize(16 * MiB + 1)).toBe("18m");
  expect(clientMaxBodySize(1)).toBe("2m");
  expect(() => clientMaxBodySize(0)).toThrow(/positive whole number/);
});

it("refuses a placeholder without a value, a value the template does not use, and a value that would end a directive", () => {
  const template = "server_name {{SERVER_NAME}};\nlisten {{LISTEN}};\n";
  expect(renderNginxConfig({ SERVER_NAME: "a.example", LISTEN: ["80", "[::]:80"] }, template)).toBe(
    "server_name a.example;\nlisten 80;\nlisten [::]:80;\n",
  );
  expect(() => renderNginxConfig({ SERVER_NAME: "a.example" }, template)).toThrow("needs a value for {{LISTEN}}");
  expect(() => renderNginxConfig({ SERVER_NAME: "a.example", LISTEN: [] }, template)).toThrow("needs a value for {{LISTEN}}");
  expect(() => renderNginxConfig({ SERVER_NAME: "a.example", LISTEN: "80", PORT: "1" }, template)).toThrow("has no {{PORT}}");
  expect(() => renderNginxConfig({ SERVER_NAME: "a.example; return 200", LISTEN: "80" }, template)).toThrow(/more than one value/);
});
