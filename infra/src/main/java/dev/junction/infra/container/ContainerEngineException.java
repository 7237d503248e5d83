package dev.junction.infra.container;

/**
 * The container engine could not do what was asked (not answering, refusing a request); unlike
 * {@link InvalidImageException} this says nothing about the image, so the same run may succeed later.
 */
public class ContainerEngineException extends RuntimeException {

    public ContainerEngineException(String message, Throwable cause) {
        super(message, cause);
    }
}
