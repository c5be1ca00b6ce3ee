// Component tests (jsdom): the DOM matchers, and a clean document and toast list after each test.
import "@testing-library/jest-dom";
import { cleanup } from "@testing-library/react";
import { toast } from "sonner";

afterEach(() => {
  cleanup();
  toast.dismiss();
});
