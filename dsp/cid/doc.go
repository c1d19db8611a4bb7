// Package cid encodes, decodes, modulates and demodulates caller ID.
//
// Messages are Telcordia GR-30 / ETSI EN 300 659-3 SDMF or MDMF: type, length, body,
// checksum (hardware.md §6.3). The FSK modem does Bell 202 (mark 1200 Hz, space
// 2200 Hz) and V.23 (mark 1300 Hz, space 2100 Hz) at 1200 bit/s: channel seizure
// (300 alternating bits), 180 mark bits, then each byte framed by a start and a stop
// bit, LSB first. DTMF caller ID sends A<number>C (B<code>C when the number is
// withheld) as some networks do (hardware.md §6.2).
package cid
