package dev.wharf.index.named;

import dev.wharf.distributions.ProjectName;
import dev.wharf.index.EncodedResponses;
import dev.wharf.index.files.BlobResponses;
import dev.wharf.index.simple.RenderedPage;
import dev.wharf.index.simple.SimpleFormat;
import dev.wharf.index.simple.SimpleRoutes;
import dev.wharf.indexes.IndexDefinition;
import dev.wharf.indexes.IndexException;
import dev.wharf.indexes.IndexName;
import dev.wharf.indexes.IndexService;
import dev.wharf.indexes.MirrorIndex;
import dev.wharf.mirror.MirrorFiles;
import dev.wharf.mirror.UpstreamFile;
import dev.wharf.storage.blob.BlobStore;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import io.javalin.http.HttpStatus;
import io.javalin.router.JavalinDefaultRoutingApi;
import java.io.IOException;
import java.util.Optional;
import org.eclipse.jetty.util.URIUtil;

/**
 * Every index at a stable URL: {@code /i/NAME/simple/} (PEP 503 HTML and PEP 691 JSON, negotiated as
 * on {@code /simple/}), {@code /i/NAME/pypi/<project>/json}, and a mirror's files at
 * {@code /i/NAME/files/<project>/<filename>} (and {@code .metadata} beside them, PEP 658). The
 * hosted projects are {@code /i/hosted/}.
 */
public final class NamedIndexRoutes {
    private static final String CACHE_CONTROL = "max-age=60, public";
    private static final String METADATA = ".metadata";

    private final IndexService indexes;
    private final NamedIndexPages pages;
    private final IndexSources sources;
    private final MirrorFiles mirrorFiles;
    private final BlobStore blobs;
    private final String basePath;

    public NamedIndexRoutes(
            IndexService indexes,
            NamedIndexPages pages,
            IndexSources sources,
            MirrorFiles mirrorFiles,
            BlobStore blobs,
            String basePath) {
        this.indexes = indexes;
        this.pages = pages;
        this.sources = sources;
        this.mirrorFiles = mirrorFiles;
        this.blobs = blobs;
        this.basePath = basePath;
    }

    public void register(JavalinDefaultRoutingApi routes) {
        routes.get(
                "/i/{index}/simple",
                ctx -> ctx.redirect(
                        basePath + "/i/" + index(ctx).map(i -> i.name().value()).orElse(IndexName.HOSTED) + "/simple/",
                        HttpStatus.MOVED_PERMANENTLY));
        routes.get("/i/{index}/simple/", ctx -> root(ctx, index(ctx)));
        routes.head("/i/{index}/simple/", ctx -> root(ctx, index(ctx)));
        routes.get("/i/{index}/simple/{project}", ctx -> redirect(ctx, "/i/" + ctx.pathParam("index") + "/simple/"));
        routes.get("/i/{index}/simple/{project}/", ctx -> project(ctx, index(ctx), "/i/" + ctx.pathParam("index")));
        routes.head("/i/{index}/simple/{project}/", ctx -> project(ctx, index(ctx), "/i/" + ctx.pathParam("index")));
        for (String path : new String[] {"/i/{index}/pypi/{project}/json", "/i/{index}/pypi/{project}/json/"}) {
            routes.get(path, this::jsonApi);
            routes.head(path, this::jsonApi);
        }
        routes.get("/i/{index}/files/{project}/{filename}", this::file);
        routes.head("/i/{index}/files/{project}/{filename}", this::file);
    }

    /** {@code /simple/} when the administrator made another index the default. */
    public void root(Context ctx, Optional<IndexDefinition> index) {
        SimpleRoutes.sendPage(ctx, pages.root(index, SimpleRoutes.negotiate(ctx)));
    }

    /** {@code /simple/<project>/} of {@code index}; {@code prefix} is where its simple API lives. */
    public void project(Context ctx, Optional<IndexDefinition> index, String prefix) {
        String requested = ctx.pathParam("project");
        if (!ProjectName.isNormalized(requested)) {
            redirect(ctx, prefix + "/simple/");
            return;
        }
        SimpleFormat format = SimpleRoutes.negotiate(ctx);
        Optional<RenderedPage> page = pages.project(index, requested, format);
        if (page.isEmpty()) {
            SimpleRoutes.notFound(ctx);
            return;
        }
        SimpleRoutes.sendPage(ctx, page.get());
    }

    private void jsonApi(Context ctx) {
        Optional<IndexDefinition> index = index(ctx);
        String name = ctx.pathParam("project");
        ctx.header("Access-Control-Allow-Origin", "*");
        if (!ProjectName.isNormalized(name)) {
            ctx.redirect(
                    basePath + "/i/" + ctx.pathParam("index") + "/pypi/"
                            + URIUtil.encodePath(ProjectName.normalize(name)) + "/json",
                    HttpStatus.MOVED_PERMANENTLY);
            return;
        }
        Optional<RenderedPage> document = pages.jsonApi(index, name);
        if (document.isEmpty()) {
            ctx.contentType("application/json").status(404).result("{\"message\": \"Not Found\"}");
            return;
        }
        ctx.header("Cache-Control", CACHE_CONTROL);
        ctx.header("X-PyPI-Last-Serial", Long.toString(document.get().serial()));
        EncodedResponses.send(ctx, document.get().body(), "application/json", Optional.empty());
    }

    private void file(Context ctx) throws IOException {
        Optional<IndexDefinition> index = index(ctx);
        String project = ctx.pathParam("project");
        String filename = ctx.pathParam("filename");
        if (index.isEmpty() || !(index.get() instanceof MirrorIndex mirror) || !ProjectName.isNormalized(project)) {
            BlobResponses.notFound(ctx);
            return;
        }
        boolean metadata = filename.endsWith(METADATA);
        String distribution = metadata ? filename.substring(0, filename.length() - METADATA.length()) : filename;
        Optional<UpstreamFile> listed = sources.mirrorFile(mirror, project, distribution);
        if (listed.isEmpty() || (metadata && listed.get().coreMetadataSha256().isEmpty())) {
            BlobResponses.notFound(ctx);
            return;
        }
        if (metadata) {
            MirrorFiles.Stored stored = mirrorFiles.metadata(mirror, project, listed.get());
            BlobResponses.send(ctx, blobs, stored.key(), stored.size(), stored.sha256(), "text/plain; charset=utf-8");
            return;
        }
        boolean wholeFile = ctx.header("Range") == null;
        switch (mirrorFiles.file(mirror, project, listed.get(), !wholeFile)) {
            case MirrorFiles.Stored stored ->
                BlobResponses.send(
                        ctx, blobs, stored.key(), stored.size(), stored.sha256(), "application/octet-stream");
            case MirrorFiles.Arriving arriving -> {
                BlobResponses.fileHeaders(ctx, arriving.sha256(), "application/octet-stream");
                if (BlobResponses.notModified(ctx, arriving.sha256())) {
                    return;
                }
                ctx.header("Content-Length", Long.toString(arriving.size()));
                if (ctx.method() != HandlerType.HEAD) {
                    EncodedResponses.sendArriving(ctx, arriving::open);
                }
            }
        }
    }

    private Optional<IndexDefinition> index(Context ctx) {
        IndexName name;
        try {
            name = new IndexName(ctx.pathParam("index"));
        } catch (IndexException notAName) {
            throw new IndexException(
                    dev.wharf.errors.Refusal.NOT_FOUND,
                    "No index is named \""
                            + ctx.pathParam("index")
                                    .substring(
                                            0,
                                            Math.min(64, ctx.pathParam("index").length())) + "\"");
        }
        if (name.isHosted()) {
            return Optional.empty();
        }
        return Optional.of(indexes.find(name)
                .orElseThrow(() ->
                        new IndexException(dev.wharf.errors.Refusal.NOT_FOUND, "No index is named \"" + name + "\"")));
    }

    private void redirect(Context ctx, String prefix) {
        ctx.header("Access-Control-Allow-Origin", "*");
        ctx.redirect(
                basePath + prefix + URIUtil.encodePath(ProjectName.normalize(ctx.pathParam("project"))) + "/",
                HttpStatus.MOVED_PERMANENTLY);
    }
}
