package org.rdregistry.stats.api;

import org.springframework.core.io.ClassPathResource;
import org.springframework.core.io.Resource;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The hand-written OpenAPI document (src/main/resources/openapi.yaml): springdoc has no release for
 * Spring Boot 4 in this build's repository, and a hand-written contract is reviewed like code anyway.
 */
@RestController
public class OpenApiController {

    private static final Resource SPEC = new ClassPathResource("openapi.yaml");

    @GetMapping(path = "/v3/api-docs.yaml", produces = "application/yaml")
    public Resource openApi() {
        return SPEC;
    }
}
