package dev.junction.infra.web;

import dev.junction.query.ReadModelRebuilder;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/** Operator commands. */
@RestController
public class AdminController {

    private final ReadModelRebuilder rebuilder;

    public AdminController(ReadModelRebuilder rebuilder) {
        this.rebuilder = rebuilder;
    }

    /** Replays the whole event store into fresh read models and swaps them in. */
    @PostMapping("/admin/read-models/rebuild")
    public Mono<ReadModelRebuilder.Report> rebuild() {
        return Mono.fromCallable(rebuilder::rebuild).subscribeOn(Schedulers.boundedElastic());
    }
}
