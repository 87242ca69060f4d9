// SPDX-License-Identifier: GPL-2.0
/*
 * The command file, /sys/kernel/debug/iommu-lab/cmd.  Writing runs a
 * command line (several lines in one write are run in turn, like a
 * script; at most LAB_LINE_MAX bytes in all); reading gives
 * back every line the last write printed, results and error lines in
 * order.  A write whose commands all succeed returns its length; one with
 * a failing command returns that command's errno (-EINVAL for a mistake
 * in the command itself), its error line already in the output.
 *
 *   echo 'dma map_sg edu a 0x3000' > /sys/kernel/debug/iommu-lab/cmd
 *   cat /sys/kernel/debug/iommu-lab/cmd
 *
 * The output is shared by everyone who opens the file: one user at a time.
 */
#include <linux/debugfs.h>
#include <linux/fs.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/uaccess.h>

#include "lab.h"

static struct dentry *lab_dir;

static ssize_t cmd_write(struct file *file, const char __user *ubuf, size_t count,
			 loff_t *ppos)
{
	char *text, *line, *next;
	int ret = 0;

	if (count > LAB_LINE_MAX) {
		mutex_lock(&lab_lock);
		lab_out_reset();
		lab_err(0, "a write holds at most %d bytes", LAB_LINE_MAX);
		mutex_unlock(&lab_lock);
		return -EINVAL;
	}
	text = memdup_user_nul(ubuf, count);
	if (IS_ERR(text))
		return PTR_ERR(text);
	mutex_lock(&lab_lock);
	lab_out_reset();
	if (strlen(text) != count) {
		/* The console's words (console/run.c): the column in the NUL's line. */
		size_t nul = strlen(text);
		const char *start = strrchr(text, '\n');	/* searches up to the NUL */

		ret = lab_err(0, GRAM_E_NUL,
			      nul - (start ? start + 1 - text : 0) + 1);
		goto out_unlock;
	}
	/* Each line on its own, as the console reads a script. */
	for (line = text; line; line = next) {
		int r;

		next = strchr(line, '\n');
		if (next)
			*next++ = '\0';
		r = lab_run_line(line);
		if (r && !ret)
			ret = r;
	}
out_unlock:
	mutex_unlock(&lab_lock);
	kfree(text);
	return ret ? ret : count;
}

static ssize_t cmd_read(struct file *file, char __user *ubuf, size_t count, loff_t *ppos)
{
	ssize_t ret;

	mutex_lock(&lab_lock);
	ret = lab_out_read(ubuf, count, ppos);
	mutex_unlock(&lab_lock);
	return ret;
}

static const struct file_operations cmd_fops = {
	.owner = THIS_MODULE,
	.open = simple_open,
	.read = cmd_read,
	.write = cmd_write,
	.llseek = default_llseek,
};

int lab_debugfs_init(void)
{
	lab_dir = debugfs_create_dir("iommu-lab", NULL);
	if (IS_ERR(lab_dir))
		return PTR_ERR(lab_dir);
	debugfs_create_file("cmd", 0600, lab_dir, NULL, &cmd_fops);
	return 0;
}

void lab_debugfs_release(void)
{
	debugfs_remove(lab_dir);
	lab_dir = NULL;
}
