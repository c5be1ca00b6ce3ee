// The sign-in page forgets the unfinished uploads a browser remembers (their file names are in localStorage).
import { forgetResumableUploads } from "@/components/files/forget-resumable-uploads";

it("removes tus-js-client's keys and nothing else", () => {
  localStorage.clear();
  localStorage.setItem("tus::tus-br-report.pdf-application/pdf-123-1::1", JSON.stringify({ uploadUrl: "/api/uploads/x" }));
  localStorage.setItem("tus::tus-br-holiday.jpg-image/jpeg-9-2::7", "{}");
  localStorage.setItem("coffer-theme", "dark");
  expect(forgetResumableUploads()).toBe(2);
  expect(Object.keys({ ...localStorage })).toEqual(["coffer-theme"]);
});
