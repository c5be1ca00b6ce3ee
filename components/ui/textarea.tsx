import { forwardRef, useId, type TextareaHTMLAttributes } from "react";
import { FieldFrame, describedBy } from "./field-frame";

type TextareaProps = TextareaHTMLAttributes<HTMLTextAreaElement> & { label: string; error?: string; hint?: string };

/** A labelled multi-line field, with its error announced and tied to it like Input's. */
export const Textarea = forwardRef<HTMLTextAreaElement, TextareaProps>(function Textarea(
  { label, error, hint, id, className = "", ...props },
  ref,
) {
  const generated = useId();
  const fieldId = id ?? generated;
  return (
    <FieldFrame id={fieldId} label={label} error={error} hint={hint}>
      <textarea
        ref={ref}
        id={fieldId}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(fieldId, { error, hint })}
        className={`rounded-md border border-slate-300 bg-white px-3 py-2 text-base shadow-sm aria-[invalid]:border-red-500 ${className}`}
        {...props}
      />
    </FieldFrame>
  );
});
