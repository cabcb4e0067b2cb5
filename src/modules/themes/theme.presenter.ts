/** The listening writes' answers (the reads are shaped by theme-query.service's presenters). */
export const presentEdited = () => ({ ok: true });

export const presentSplit = (themeId: number) => ({ theme_id: themeId });

export const presentQueuedRecluster = (jobId: number) => ({ job_id: jobId });

export const presentDuplicates = <Row>(rows: Row[]) => ({ data: rows });
