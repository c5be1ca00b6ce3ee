import Markdown from "react-markdown";

/**
 * Markdown as React elements, never as an HTML string: raw HTML in the source is dropped (skipHtml), link
 * targets go through react-markdown's URL filter (no javascript:), and images become their alt text: the page
 * loads nothing from elsewhere (its CSP would refuse it, and the author would learn who read the file).
 */
export function MarkdownText({ source }: { source: string }) {
  return (
    <div className="markdown-preview flex flex-col gap-3 text-sm leading-6" data-testid="markdown-preview">
      <Markdown
        skipHtml
        components={{
          // The page has its own headings: the file's outline starts below the "Preview" heading.
          h1: ({ children }) => <h3>{children}</h3>,
          h2: ({ children }) => <h4>{children}</h4>,
          h3: ({ children }) => <h5>{children}</h5>,
          h4: ({ children }) => <h6>{children}</h6>,
          h5: ({ children }) => <h6>{children}</h6>,
          h6: ({ children }) => <h6>{children}</h6>,
          img: ({ alt }) => <span className="italic text-slate-600">[image{alt ? `: ${alt}` : ""}]</span>,
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
