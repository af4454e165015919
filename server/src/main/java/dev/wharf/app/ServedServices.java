package dev.wharf.app;

import dev.wharf.index.IndexUrls;
import dev.wharf.index.json.JsonApi;
import dev.wharf.index.named.IndexSources;
import dev.wharf.index.named.NamedIndexPages;
import dev.wharf.index.simple.SimpleIndex;
import dev.wharf.publishing.MintService;
import dev.wharf.upload.UploadService;
import dev.wharf.web.ProjectPages;

/** The services bound to one server's public URL, built once when it starts ({@link Wharf#servedAt}). */
public record ServedServices(
        IndexUrls urls,
        String helpUrl,
        UploadService uploads,
        SimpleIndex simpleIndex,
        JsonApi jsonApi,
        ProjectPages projectPages,
        MintService mint,
        NamedIndexPages namedPages,
        IndexSources indexSources) {}
