/* cgidump: see LICENSE (ISC). */
/*
 * tests/bench/envcgi.c: the floor make bench measures cgidump against
 * (issue 12): the least a CGI program that shows its environment can
 * do, a Content-Type header and then each environment entry on a line,
 * through stdio.  Built dynamic and static, like cgidump.
 */
#include <stdio.h>

extern char **environ;

int
main(void)
{
	char	**e;

	/* RFC 3875 §6.2.1: a document response needs only Content-Type. */
	printf("Content-Type: text/plain\r\n\r\n");
	for (e = environ; *e != NULL; e++)
		printf("%s\n", *e);
	return fflush(stdout) == 0 ? 0 : 1;
}
