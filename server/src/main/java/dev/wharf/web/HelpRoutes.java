package dev.wharf.web;

import io.javalin.router.JavalinDefaultRoutingApi;

/**
 * {@code /help/}: the page that refusal messages link to ({@code /help/#invalid-auth},
 * {@code #project-name}, {@code #file-name-reuse}, ...), answering each the way pypi.org's help does
 * but for this index.
 */
public final class HelpRoutes {
    private static final String PAGE = """
            <!DOCTYPE html>
            <html lang="en">
            <head><meta charset="utf-8"><title>Wharf help</title></head>
            <body>
            <h1>Wharf help</h1>
            <h2 id="apitoken">API tokens</h2>
            <p>Upload with user name <code>__token__</code> and an API token (it starts with <code>pypi-</code>) as the
            password. An administrator creates one with <code>./wharf admin token create --user NAME</code>; add
            <code>--project NAME</code> to limit it to a project.</p>
            <h2 id="trusted-publishers">Trusted publishers</h2>
            <p>CI jobs can exchange their platform's OpenID Connect token for a short-lived upload token instead of
            storing a secret.</p>
            <h2 id="invalid-auth">Invalid or missing authentication</h2>
            <p>The upload carried no token, or the token is malformed, unknown, revoked or expired. Check that the
            user name is exactly <code>__token__</code> and that the whole token, including <code>pypi-</code>, is the password.</p>
            <h2 id="project-name">Project names and permissions</h2>
            <p>The first upload of a new name creates the project and makes the uploader its owner. Names that
            collide with a Python standard library module, or that differ from an existing project only by
            punctuation, case or look-alike characters (l/1, o/0), are refused. A token scoped to some projects can
            upload to those only, and a user can upload only to projects where they are an owner or maintainer.</p>
            <h2 id="file-name-reuse">File name reuse</h2>
            <p>Files are immutable: a filename can hold only the bytes first uploaded under it, and a deleted file's
            name can never be used again. Upload a new version instead.</p>
            </body>
            </html>
            """;

    public void register(JavalinDefaultRoutingApi routes) {
        routes.get("/help/", ctx -> ctx.contentType("text/html; charset=utf-8").result(PAGE));
    }
}
