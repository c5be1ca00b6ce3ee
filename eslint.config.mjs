import nextVitals from "eslint-config-next/core-web-vitals";
import nextTypescript from "eslint-config-next/typescript";

const config = [
  ...nextVitals,
  ...nextTypescript,
  {
    ignores: [
      ".next/**",
      "node_modules/**",
      "lib/generated/**",
      "data/**",
      "storage/**",
      "test-results/**",
      "playwright-report/**",
      "next-env.d.ts",
    ],
  },
  {
    // An error toast stays until closed and belongs to the page that raised it: components/ui/toast-error.ts.
    files: ["app/**", "components/**"],
    rules: {
      "no-restricted-properties": [
        "error",
        { object: "toast", property: "error", message: "Use toastError from @/components/ui/toast-error." },
      ],
    },
  },
];

export default config;
