package dev.junction.infra.config;

import dev.junction.infra.catalog.ServiceCatalogFile;
import dev.junction.infra.catalog.StencilCatalog;
import dev.junction.infra.container.ContainerRuntime;
import dev.junction.infra.container.ImageMetadataSource;
import dev.junction.infra.instance.BackendDefinition;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/** The service catalog: the declared file, and the plans offered once their stencils' metadata is read. */
@Configuration(proxyBeanMethods = false)
class CatalogConfig {

    /** How often plans whose stencil could not be read are tried again (an engine started later, an image built). */
    private static final long RETRY_SECONDS = 30;

    @Bean
    ServiceCatalogFile.Declared declaredServices(JunctionProperties properties) throws IOException {
        return ServiceCatalogFile.read(properties.instances().catalog());
    }

    @Bean
    List<BackendDefinition> backendDefinitions(ServiceCatalogFile.Declared declared) {
        return declared.backends();
    }

    @Bean
    StencilCatalog serviceCatalog(ServiceCatalogFile.Declared declared, ImageMetadataSource metadata,
                                  ContainerRuntime runtime) {
        return new StencilCatalog(declared.plans(), metadata, runtime::imageId); // maintenance_info names the digest
    }

    /** Reads the stencils' metadata in the background once the broker serves, and again while some are missing. */
    @Bean(destroyMethod = "shutdownNow")
    ScheduledExecutorService catalogReader() {
        return Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().name("junction-catalog").daemon(true).factory());
    }

    @Bean
    ApplicationListener<ApplicationReadyEvent> catalogRefresh(StencilCatalog catalog,
                                                             ScheduledExecutorService catalogReader) {
        return ready -> catalogReader.scheduleWithFixedDelay(() -> {
            if (!catalog.complete()) {
                catalog.refresh();
            }
        }, 0, RETRY_SECONDS, TimeUnit.SECONDS);
    }
}
