/**
 * Next treats any POST with a multipart/form-data body as a possible server action (the no-JavaScript
 * path of a <form action={…}>) and parses it; a body that is not the multipart it claims makes Next
 * itself answer a bare 500 ("Failed to parse body as FormData"), on every path, a 404 page included.
 * Reading a copy first turns that into a clear 400 and lets every real form through unchanged.
 */
export async function refuseUnreadableForm(request: Request): Promise<Response | null> {
  if (request.method !== "POST" || !request.headers.get("content-type")?.startsWith("multipart/form-data")) return null;
  try {
    await request.clone().formData();
    return null;
  } catch {
    return Response.json(
      { error: { code: "invalid_form", message: "The form data could not be read. Reload the page and submit the form again." } },
      { status: 400 },
    );
  }
}
