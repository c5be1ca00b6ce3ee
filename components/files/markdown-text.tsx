import Markdown from "react-markdown";
import remarkGfm from "remark-gfm";

/**
 * Markdown as React elements, never as an HTML string: raw HTML in the source is dropped (skipHtml), link
 * targets go through react-markdown's URL filter (no javascript:), and images become their alt text: the page
 * loads nothing from elsewhere (its CSP would refuse it, and the author would learn who read the file).
 * GitHub-flavoured Markdown (remark-gfm): tables, task lists, strikethrough and autolinks, as people write READMEs.
 */
export function MarkdownText({ source }: { source: string }) {
  return (
    <div className="markdown-preview flex flex-col gap-3 text-sm leading-6" data-testid="markdown-preview">
      <Markdown
        skipHtml
        remarkPlugins={[remarkGfm]}
        components={{
          // The page has its own headings: the file's outline starts below the "Preview" heading.
          h1: ({ children }) => <h3>{children}</h3>,
          h2: ({ children }) => <h4>{children}</h4>,
          h3: ({ children }) => <h5>{children}</h5>,
          h4: ({ children }) => <h6>{children}</h6>,
          h5: ({ children }) => <h6>{children}</h6>,
          h6: ({ children }) => <h6>{children}</h6>,
          img: ({ alt }) => <span className="italic text-slate-600">[image{alt ? `: ${alt}` : ""}]</span>,
          // A wide table scrolls on its own instead of widening the page.
          table: ({ children }) => (
            <div className="overflow-x-auto" tabIndex={0} role="group" aria-label="Table">
              <table className="min-w-full border-collapse text-left">{children}</table>
            </div>
          ),
          th: ({ children, style }) => (
            <th style={style} className="border border-slate-300 bg-slate-100 px-3 py-1.5 font-semibold">
              {children}
            </th>
          ),
          td: ({ children, style }) => (
            <td style={style} className="border border-slate-300 px-3 py-1.5">
              {children}
            </td>
          ),
          a: ({ href, children }) => (
            <a href={href} rel="noopener noreferrer nofollow" target="_blank" className="text-indigo-700 underline">
              {children}
            </a>
          ),
        }}
      >
        {source}
      </Markdown>
    </div>
  );
}
