// A file request's allowed types (lib/requests/limits.ts): what the owner types, what is stored, what it lets through.
import { acceptOf, describeTypes, parseAllowedTypes, typeRefusal } from "@/lib/requests/limits";

it.each([
  ["", null],
  ["  ", null],
  ["images, pdf", "images,pdf"],
  [".JPG; *.raw  docx", "jpg,raw,docx"],
  ["image, Photos, document, archive", "images,documents,archives"],
  ["pdf,pdf,.pdf", "pdf"],
])("stores %j as %j", (typed, stored) => {
  expect(parseAllowedTypes(typed)).toEqual({ types: stored });
});

it.each([["tar.gz"], ["../etc"], ["a-very-long-extension-name"], ["<script>"]])("refuses %j with a message", (typed) => {
  expect(parseAllowedTypes(typed)).toEqual({ error: expect.stringContaining("is not an extension") });
});

it("takes the kinds' extensions and the named ones, in any case, and nothing else", () => {
  const types = "images,pdf,raw";
  for (const name of ["photo.JPG", "scan.heic", "invoice.pdf", "shot.RAW"]) expect(typeRefusal(name, types)).toBeNull();
  expect(typeRefusal("notes.docx", types)).toBe("This request takes only images, PDFs and .raw files, not .docx files.");
  expect(typeRefusal("README", types)).toBe("This request takes only images, PDFs and .raw files.");
  // A name ending in an allowed extension after another one is judged by its last.
  expect(typeRefusal("invoice.pdf.exe", types)).toMatch(/not \.exe files/);
  expect(typeRefusal("anything.exe", null)).toBeNull();
});

it("describes and offers the types", () => {
  expect(describeTypes("pdf")).toBe("PDFs");
  expect(describeTypes("audio,video")).toBe("audio and video");
  expect(acceptOf("pdf,raw")).toBe(".pdf,.raw");
  expect(acceptOf(null)).toBeUndefined();
});
