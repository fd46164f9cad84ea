/*
 * Linked into every reference and helper program. The runner installs those
 * binaries execute-only so that students cannot copy them, but the kernel
 * still lets a process of the same uid ptrace an execute-only program and
 * read its /proc/PID/mem; making the process non-dumpable first thing closes
 * that door (decisions.md 1).
 */
#include <sys/prctl.h>

__attribute__((constructor)) static void ipcgrade_make_undumpable(void)
{
	/* A failure cannot be reported usefully this early, and the program
	 * itself still works, so it is deliberately ignored. */
	(void)prctl(PR_SET_DUMPABLE, 0, 0, 0, 0);
}
