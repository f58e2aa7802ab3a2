#!/usr/bin/perl
# socket-stdin.pl COMMAND...: run COMMAND with stdin a socket whose other
# end sends what arrives on our own stdin and then shuts down its
# sending side (the client has said all it will).
#
# SOCKET_KIND=tcp (the default) makes it a TCP connection on loopback,
# as mini_httpd and Python's http.server hand a CGI program the client's
# own connection; SOCKET_KIND=unix makes it a local socket pair, as
# Apache's mod_cgid hands it a socket to the server.
use strict;
use warnings;
use Socket;

my ($ours, $theirs);
if (($ENV{SOCKET_KIND} // 'tcp') eq 'unix') {
	socketpair($ours, $theirs, AF_UNIX, SOCK_STREAM, PF_UNSPEC)
	    or die "socketpair: $!";
} else {
	socket(my $listener, PF_INET, SOCK_STREAM, getprotobyname('tcp'))
	    or die "socket: $!";
	bind($listener, pack_sockaddr_in(0, inet_aton('127.0.0.1')))
	    or die "bind: $!";
	listen($listener, 1) or die "listen: $!";
	socket($ours, PF_INET, SOCK_STREAM, getprotobyname('tcp'))
	    or die "socket: $!";
	connect($ours, getsockname($listener)) or die "connect: $!";
	accept($theirs, $listener) or die "accept: $!";
	close $listener;
}
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
