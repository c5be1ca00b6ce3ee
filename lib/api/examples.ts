// Ready-to-paste examples of the API for one instance (its APP_URL), shown in Settings: curl for an upload, a
// download and a link, and a ShareX custom uploader (.sxcu). The token is a placeholder the user replaces.
export const TOKEN_PLACEHOLDER = "coffer_pat_REPLACE_WITH_YOUR_TOKEN";

export function apiExamples(appUrl: string) {
  const auth = `-H "Authorization: Bearer $COFFER_TOKEN"`;
  const sharex = {
    Version: "15.0.0",
    Name: `Coffer (${new URL(appUrl).host})`,
    DestinationType: "ImageUploader, TextUploader, FileUploader",
    RequestMethod: "POST",
    RequestURL: `${appUrl}/api/v1/files`,
    Headers: { Authorization: `Bearer ${TOKEN_PLACEHOLDER}` },
    Body: "MultipartFormData",
    FileFormName: "file",
    // The upload answers the file, not a public link (links are made apart, with their expiry and limit): ShareX
    // copies the file's page, which opens for you signed in.
    URL: `${appUrl}/files/{json:files[0].id}`,
    ErrorMessage: "{json:error.message}",
  };
  return {
    setup: `export COFFER_TOKEN=${TOKEN_PLACEHOLDER}`,
    upload: `curl -fsS ${auth} -F "file=@report.pdf" ${appUrl}/api/v1/files`,
    download: `curl -fSL ${auth} -C - -o report.pdf ${appUrl}/api/v1/files/FILE_ID/content`,
    createLink: `curl -fsS ${auth} -H "Content-Type: application/json" \\\n  -d '{"expiresInDays": 7, "maxDownloads": 3}' ${appUrl}/api/v1/files/FILE_ID/links`,
    sharex,
    sharexFileName: `coffer-${new URL(appUrl).hostname}.sxcu`,
  };
}
