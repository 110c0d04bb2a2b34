/**
 * crema as a Java library: {@link dev.crema.api.CremaRuntime} opened on a runtime root gives the OCI lifecycle
 * (create, start, state, kill, delete, exec, pause, resume, update, events, wait for exit) of the containers
 * under it, sharing the db and the locks of the crema command, which is built on this package. Options and
 * results are records; failures are the sealed {@link dev.crema.api.CremaException} family, with the crema
 * command's messages. See docs/library.md.
 */
package dev.crema.api;
