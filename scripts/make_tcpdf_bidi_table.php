<?php
// TCPDF's own bidirectional algorithm on random short lines: the table tests/test_tcpdfbidi.py checks
// align/ingest/tcpdfbidi.py against (tests/fixtures/tcpdf-bidi.json).
//
//     apt-get install php-cli php-tcpdf php-mbstring
//     php scripts/make_tcpdf_bidi_table.php 7 1500 > tests/fixtures/tcpdf-bidi.json
//
// Each row is [logical, drawn]: a line of Hebrew and Arabic letters (the Arabic ones that join nothing
// after them, so that TCPDF's shaping keeps one glyph per letter), Latin letters, European and Arabic-Indic
// digits, spaces and the separators, signs and neutrals whose direction the algorithm resolves; and the
// same characters in the order TCPDF draws them left to right (Arabic as presentation forms).
require_once('/usr/share/php/tcpdf/tcpdf.php');
mt_srand((int)$argv[1]);
$alphabet = array('א', 'ב', 'ر', 'د', 'a', 'b', '1', '2', '٣', '٤', ' ', ' ', ' ', '.', ',', '%', '٪', '-', '"', '@', ':');
$font = array('subsetchars' => array());
$rows = array();
for ($k = 0; $k < (int)$argv[2]; ++$k) {
	$line = '';
	for ($i = mt_rand(1, 14); $i > 0; --$i) {
		$line .= $alphabet[mt_rand(0, count($alphabet) - 1)];
	}
	$chars = TCPDF_FONTS::UTF8StringToArray($line, true, $font);
	$drawn = TCPDF_FONTS::utf8Bidi($chars, '', false, true, $font);
	$rows[] = array($line, TCPDF_FONTS::UTF8ArrSubString($drawn, '', '', true));
}
echo json_encode($rows, JSON_UNESCAPED_UNICODE), "\n";
