#!/usr/bin/perl
# socket-stdin.pl COMMAND...: run COMMAND with stdin a Unix socket, as
# mini_httpd and Python's http.server hand a CGI program the client's
# connection.  What arrives on our own stdin is sent through it, then
# the sending side is shut down (the client has said all it will).
use strict;
use warnings;
use Socket;

socketpair(my $ours, my $theirs, AF_UNIX, SOCK_STREAM, PF_UNSPEC)
    or die "socketpair: $!";
my $pid = fork() // die "fork: $!";
if ($pid == 0) {
	close $theirs;
	my ($buf, $n);
	while (($n = sysread(STDIN, $buf, 65536))) {
		my $off = 0;
		while ($off < $n) {
			my $w = syswrite($ours, $buf, $n - $off, $off);
			die "write: $!" unless defined $w;
			$off += $w;
		}
	}
	shutdown($ours, 1);
	exit 0;
}
close $ours;
open(STDIN, '<&', $theirs) or die "dup: $!";
close $theirs;
exec { $ARGV[0] } @ARGV or die "exec $ARGV[0]: $!";
