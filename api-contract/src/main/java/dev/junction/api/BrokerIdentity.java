package dev.junction.api;

import dev.junction.api.pipe.BlueprintKind;

/**
 * The broker's root URL: it is the issuer of its tokens and the prefix of every link it hands out.
 */
public record BrokerIdentity(String rootUrl) {

    public BrokerIdentity {
        while (rootUrl.endsWith("/")) {
            rootUrl = rootUrl.substring(0, rootUrl.length() - 1);
        }
    }

    public String pipeUri(String resource, String pipeId) {
        return rootUrl + pipePath(resource, pipeId);
    }

    public static String pipePath(String resource, String pipeId) {
        return "/" + resource + "/pipes/" + pipeId;
    }

    public String blueprintUri(String resource, BlueprintKind kind, String blueprint) {
        return rootUrl + "/" + resource + "/" + kind.path() + "/" + blueprint;
    }

    public String templateUri(String resource, BlueprintKind kind, String blueprint, String collection, String id) {
        return blueprintUri(resource, kind, blueprint) + "/" + collection + "/" + id;
    }
}
