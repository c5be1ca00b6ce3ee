// A small request over plain node:http for the bench's sign-in (the transfers themselves go through curl).
import http from "node:http";

const HOST = "127.0.0.1";

async function readText(response) {
  let text = "";
  response.setEncoding("utf8");
  for await (const piece of response) text += piece;
  return text;
}

/** A small JSON or form request (sign-in); answers the status, headers and body text. */
export function request({ port, path, method = "GET", headers = {}, body }) {
  return new Promise((resolve, reject) => {
    const outgoing = http.request({ host: HOST, port, path, method, agent: false, headers }, async (response) => {
      try {
        resolve({ status: response.statusCode, headers: response.headers, text: await readText(response) });
      } catch (error) {
        reject(error);
      }
    });
    outgoing.once("error", reject);
    outgoing.end(body);
  });
}
