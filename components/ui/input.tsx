import { forwardRef, useId, type InputHTMLAttributes } from "react";
import { FieldFrame, describedBy } from "./field-frame";

type InputProps = InputHTMLAttributes<HTMLInputElement> & { label: string; error?: string; hint?: string };

/** A labelled input whose error is announced and tied to it with aria-describedby. */
export const Input = forwardRef<HTMLInputElement, InputProps>(function Input({ label, error, hint, id, className = "", ...props }, ref) {
  const generated = useId();
  const inputId = id ?? generated;
  return (
    <FieldFrame id={inputId} label={label} error={error} hint={hint}>
      <input
        ref={ref}
        id={inputId}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(inputId, { error, hint })}
        className={`rounded-md border border-slate-300 bg-white px-3 py-2 text-base shadow-sm aria-[invalid]:border-red-500 ${className}`}
        {...props}
      />
    </FieldFrame>
  );
});
