package io.cku.skillengine;

/** No skill of that name is registered, or it is switched off. */
public class UnknownSkill extends RuntimeException {

    public UnknownSkill(String message) {
        super(message);
    }
}
