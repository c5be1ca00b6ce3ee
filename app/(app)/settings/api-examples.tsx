// Ready-to-paste uses of the API for this instance (lib/api/examples.ts), beside the tokens they need.
import Link from "next/link";
import { apiExamples } from "@/lib/api/examples";

function Example({ title, code }: { title: string; code: string }) {
  return (
    <div>
      <h4 className="mb-1 text-sm font-medium">{title}</h4>
      {/* Focusable: a line wider than the screen scrolls sideways, and the keyboard must reach it too. */}
      <pre
        tabIndex={0}
        role="region"
        aria-label={title}
        className="overflow-x-auto rounded-lg bg-slate-100 p-3 text-xs focus-visible:ring-2 focus-visible:ring-indigo-500 focus-visible:outline-none"
      >
        <code>{code}</code>
      </pre>
    </div>
  );
}

export function ApiExamples({ appUrl }: { appUrl: string }) {
  const examples = apiExamples(appUrl);
  const sxcu = `data:application/json;charset=utf-8,${encodeURIComponent(JSON.stringify(examples.sharex, null, 2))}`;
  return (
    <div className="mt-6 flex flex-col gap-4">
      <h3 className="font-semibold">Examples</h3>
      <p className="text-sm text-slate-600">
        Put a token in COFFER_TOKEN first. Replace FILE_ID with an id the upload answered. Every operation is in the{" "}
        <Link href="/docs/api" className="underline">
          API reference
        </Link>
        .
      </p>
      <Example title="Set the token" code={examples.setup} />
      <Example title="Upload a file" code={examples.upload} />
      <Example title="Download a file (run it again to resume)" code={examples.download} />
      <Example title="Create a link (7 days, 3 downloads)" code={examples.createLink} />
      <div>
        <h4 className="mb-1 text-sm font-medium">ShareX</h4>
        <p className="mb-2 text-sm text-slate-600">
          A custom uploader for this server: open it with ShareX, then replace the placeholder token in its Authorization header with a
          token that has files:write. ShareX copies the uploaded file&apos;s page.
        </p>
        <a href={sxcu} download={examples.sharexFileName} className="text-sm underline">
          Download {examples.sharexFileName}
        </a>
      </div>
    </div>
  );
}
