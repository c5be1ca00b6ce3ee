// The DOM matchers (toBeInTheDocument, toHaveValue…) on jest's global expect, for the type checker.
import "@testing-library/jest-dom";
