package dev.junction.infra.web;

import org.springframework.core.io.ClassPathResource;
import org.springframework.core.io.Resource;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** Serves Junction's own OpenAPI document, which extends the cloudpipe one. */
@RestController
public class OpenApiController {

    private static final Resource DOCUMENT = new ClassPathResource("openapi/junction.yaml");

    @GetMapping("/openapi.yaml")
    public ResponseEntity<Resource> openApi() {
        return ResponseEntity.ok().contentType(MediaType.parseMediaType("application/yaml")).body(DOCUMENT);
    }
}
