/**
 * People's decisions on runs: approving or refusing a paused gate or a checkpoint step, choosing retry, rollback, skip or
 * abort after a failure, and the deadlines that escalate or reject an unanswered gate and fail an unapproved checkpoint.
 */
package io.cku.app.approvals;
